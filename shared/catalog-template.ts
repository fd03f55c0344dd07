/**
 * The template a catalog set uses when none is given: every render names its product. Apart
 * from catalog-set.ts so the CLI's help can say it without loading the set's schemas.
 */
export const DEFAULT_CATALOG_TEMPLATE = 'A slow, smooth camera move around {name}';
