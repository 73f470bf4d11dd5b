// The vega-util functions vega-interpreter imports, taken from the vega bundle's global.
const { ascending, isString, DisallowedObjectProperties } = window.vega;
export { ascending, isString, DisallowedObjectProperties };
