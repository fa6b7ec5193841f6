export declare const CHROMIUM_CANDIDATES: readonly string[];
/** Flags for playwright's `chromium.launch({ headless: true, args })` (no headless flag). */
export declare const CHROMIUM_ARGS: string[];
/** Flags for spawning the Chromium binary directly. */
export declare const CHROMIUM_CLI_ARGS: string[];
/** Path of the system Chromium/Chrome; throws with install advice when there is none. */
export declare function findChromium(): string;
