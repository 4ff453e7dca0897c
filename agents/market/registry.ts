import { CapabilityProfile } from "../protocol/task.js";
import { MarketInputError } from "./errors.js";

/** A registered agent that has every required skill of a task. */
export interface CapableAgent {
  profile: CapabilityProfile;
  /** Fraction of the task's preferred skills this agent has, in [0, 1] (1 when none are preferred). */
  preferredMatch: number;
}

export interface FilterResult {
  capable: CapableAgent[];
  /** Registered agents not asked to bid on this task because they lack a required skill. */
  solicitationsSaved: number;
}

/** The skill part of a task (TaskSpec has more fields; only these matter here). */
export interface SkillRequirement {
  requiredSkills: readonly string[];
  preferredSkills?: readonly string[];
}

/** Skills compare case- and whitespace-insensitively: "TypeScript " and "typescript" are one skill. */
export function normaliseSkill(skill: string): string {
  return skill.trim().toLowerCase();
}

/**
 * Agents and what they can do. Filtering happens before anyone is asked to bid, so a task
 * that needs `solidity` never costs an LLM call at a worker that only knows `summarise`;
 * {@link CapabilityRegistry.solicitationsSaved} counts those avoided requests.
 *
 * Ordering is deterministic: capable agents come back in registration order.
 *
 * @example
 * const reg = new CapabilityRegistry();
 * reg.register({ agentId: "w1", skills: ["typescript"], costPerStep: 10, maxSteps: 20 });
 * reg.filter({ requiredSkills: ["typescript"], preferredSkills: [] }).capable; // [w1]
 */
export class CapabilityRegistry {
  readonly #profiles = new Map<string, { profile: CapabilityProfile; skills: ReadonlySet<string> }>();
  #saved = 0;
  #filtered = 0;

  /** Adds or replaces a profile. Throws {@link MarketInputError} on a profile that fails the schema. */
  register(profile: CapabilityProfile): void {
    const parsed = CapabilityProfile.safeParse(profile);
    if (!parsed.success) {
      throw new MarketInputError("Invalid capability profile", {
        code: "MARKET_INVALID_PROFILE",
        details: { issues: parsed.error.issues },
      });
    }
    const skills = new Set(parsed.data.skills.map(normaliseSkill));
    this.#profiles.set(parsed.data.agentId, { profile: parsed.data, skills });
  }

  unregister(agentId: string): boolean {
    return this.#profiles.delete(agentId);
  }

  get(agentId: string): CapabilityProfile | undefined {
    return this.#profiles.get(agentId)?.profile;
  }

  get size(): number {
    return this.#profiles.size;
  }

  /** Total bid solicitations avoided by filtering, over every {@link filter} call. */
  get solicitationsSaved(): number {
    return this.#saved;
  }

  /** Solicitations that would have been sent without the filter (every agent, every task). */
  get solicitationsWithoutFilter(): number {
    return this.#filtered;
  }

  /** The agents that have every required skill, with their preferred-skill match. */
  filter(task: SkillRequirement): FilterResult {
    const required = [...new Set(task.requiredSkills.map(normaliseSkill))];
    const preferred = [...new Set((task.preferredSkills ?? []).map(normaliseSkill))];
    const capable: CapableAgent[] = [];
    for (const { profile, skills } of this.#profiles.values()) {
      if (!required.every((s) => skills.has(s))) continue;
      const matched = preferred.filter((s) => skills.has(s)).length;
      capable.push({ profile, preferredMatch: preferred.length === 0 ? 1 : matched / preferred.length });
    }
    const saved = this.#profiles.size - capable.length;
    this.#saved += saved;
    this.#filtered += this.#profiles.size;
    return { capable, solicitationsSaved: saved };
  }
}
