/** halo-kb's version; part of the build cache key, so a new compiler never reuses old output. */
export const VERSION = '0.1.0';
