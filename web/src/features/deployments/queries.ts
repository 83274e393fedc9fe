/** Server state of the deployment pages: the query keys that a change invalidates. */
export const deploymentKeys = {
  all: ['deployments'] as const,
  list: ['deployments', 'list'] as const,
  one: (id: string) => ['deployments', id] as const,
};
