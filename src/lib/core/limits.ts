/**
 * The size limit, in a module of its own: the page checks a file's size before it loads the
 * verifier, and must not load the verifier to learn the number.
 */

/** The largest input accepted (HAR files are the big ones). Checked before anything is decoded. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;
