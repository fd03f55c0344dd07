// One maker of test pictures for the whole tree (real, whole files: the checks read every block).
export { makePng } from '../../../electron/images/testing/pictures';
