/** Whether dist/ under `root` (the repository's URL, ending in a slash) is a current build of src/. */
export function buildIsCurrent(root: URL): boolean;
