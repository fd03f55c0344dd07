import { strings as budgetLink } from '../components/budget-link-strings';
import { strings as player } from '../components/player-strings';
import { strings as components } from '../components/strings';
import { strings as toasts } from '../components/toasts-strings';
import { strings as firstRun } from '../features/first-run/strings';
import { strings as deleting } from '../features/library/delete-strings';
import { strings as detail } from '../features/library/detail-strings';
import { strings as library } from '../features/library/library-strings';
import { strings as catalog } from '../features/new-render/catalog-strings';
import { strings as recipe } from '../features/new-render/recipe-strings';
import { strings as newRender } from '../features/new-render/strings';
import { strings as presets } from '../features/presets/strings';
import { strings as queue } from '../features/queue/strings';
import { strings as sequence } from '../features/sequence/strings';
import { strings as sets } from '../features/sets/strings';
import { strings as settings } from '../features/settings/strings';
import { strings as spent } from '../features/spent/strings';
import { strings as storyboard } from '../features/storyboard/strings';
import { strings as variations } from '../features/variations/strings';
import { strings as store } from '../store/strings';
import { strings as checks } from './check-strings';
import { strings as core } from './core-strings';
import { strings as format } from './strings';

/**
 * Every namespace, one per feature: the words live beside the feature in
 * renderer/features/<feature>/strings.ts (defineStrings). Add one line per new namespace; the
 * key is what the feature passes to useTranslation('<namespace>').
 */
export const NAMESPACES = {
  budgetLink,
  catalog,
  checks,
  components,
  core,
  deleting,
  detail,
  'first-run': firstRun,
  format,
  library,
  newRender,
  sequence,
  sets,
  storyboard,
  variations,
  player,
  presets,
  queue,
  recipe,
  settings,
  spent,
  store,
  toasts,
} as const;

export type Namespace = keyof typeof NAMESPACES;
