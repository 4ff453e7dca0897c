/** The component a multi-process child belongs to in a CPU breakdown: every worker process counts as `workers`. */
export function cpuComponent(name: string): string {
  if (name === "node") return "chain";
  return ["indexer", "arbiter", "manager", "deploy", "dashboard", "postgres"].includes(name) ? name : "workers";
}
