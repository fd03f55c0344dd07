// One polling helper for every process-level suite: the CLI tests own it.
export { waitFor } from '../../cli/helpers';
