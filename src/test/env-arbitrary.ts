import fc from "fast-check";
import { z } from "zod";
import { ZConfig, type Config } from "@/env";

type IntSetting = { [K in keyof Config]-?: Config[K] extends number ? K : never }[keyof Config];

/**
 * Every valid value of an integer setting, its bounds read from src/env.ts's own schema: a test
 * over these covers exactly what a deployment may set, and follows the schema when it changes.
 */
function settingArbitrary(name: IntSetting): fc.Arbitrary<number> {
  const schema = ZConfig.shape[name];
  const inner = schema instanceof z.ZodDefault ? schema.def.innerType : schema;
  if (!(inner instanceof z.ZodNumber) || !inner.isInt) throw new Error(`${name} is not an integer setting`);
  return fc.integer({
    min: inner.minValue ?? 0,
    max: Math.min(inner.maxValue ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  });
}

/** Settings records drawn from their whole valid ranges (the named ones only). */
export function settingsArbitrary<K extends IntSetting>(names: readonly K[]): fc.Arbitrary<Pick<Config, K>> {
  const fields: Record<string, fc.Arbitrary<number>> = Object.fromEntries(names.map((n) => [n, settingArbitrary(n)]));
  return fc.record(fields) as unknown as fc.Arbitrary<Pick<Config, K>>;
}
