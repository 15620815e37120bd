/** A module for the pre-started runtime's warm-up to import (warm-up.ts); nothing else loads it. */
export const handler = async (): Promise<null> => null;
