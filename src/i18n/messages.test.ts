import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_TABLE } from "@/server/errors";
import en from "../../messages/en.json";
import ko from "../../messages/ko.json";
import { ADMIN_ONLY, clientMessages, SERVER_ONLY } from "./messages";

type Tree = { [key: string]: string | Tree };

/** Every message by its dotted key. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The arguments and tags a message takes, however its language words the rest. */
function placeholders(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time)
      found.add(el.value);
    else if (el.type === TYPE.select || el.type === TYPE.plural) {
      found.add(el.value);
      for (const option of Object.values(el.options)) placeholders(option.value, found);
    } else if (el.type === TYPE.tag) {
      found.add(`<${el.value}>`);
      placeholders(el.children, found);
    }
  }
  return found;
}

const english = flatten(en);
const korean = flatten(ko);

describe("messages", () => {
  it("has the same keys in English and Korean", () => {
    expect([...korean.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("gives each message the same ICU placeholders and tags in both languages", () => {
    for (const [key, message] of english) {
      const other = korean.get(key) ?? "";
      expect([...placeholders(parse(other))].sort(), key).toEqual([...placeholders(parse(message))].sort());
    }
  });

  it("has no empty message and a Korean one in Hangul wherever the English one is words", () => {
    for (const [key, message] of korean) {
      expect(message.trim(), key).not.toBe("");
      if (/[a-z]{3}/i.test(english.get(key)!.replace(/\{[^{}]*\}|<\/?\w+>/g, "")) && !/^[%#{]/.test(message))
        expect(message, key).toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it("words every error code of the API in both languages", () => {
    for (const code of [...Object.keys(ERROR_TABLE), "NETWORK", "UNKNOWN"]) {
      expect(english.has(`errors.${code}`), code).toBe(true);
      expect(korean.has(`errors.${code}`), code).toBe(true);
    }
  });
});

/** The namespaces the client components under `dir` translate with (`useTranslations("ns")`). */
function clientNamespaces(dir: string, skip: (file: string) => boolean = () => false): Set<string> {
  const found = new Set<string>();
  const root = path.resolve(import.meta.dirname, "..", dir);
  for (const file of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".tsx") || skip(file)) continue;
    for (const m of readFileSync(path.join(root, file), "utf8").matchAll(/useTranslations(?:\("|<")(\w+)/g))
      found.add(m[1]!);
  }
  return found;
}

describe("messages sent to the browser", () => {
  it("leaves the server's and (for fans) the staff screens' namespaces out", () => {
    const fan = Object.keys(clientMessages(en, "fan"));
    const admin = Object.keys(clientMessages(en, "admin"));
    for (const ns of SERVER_ONLY) expect(fan.concat(admin)).not.toContain(ns);
    for (const ns of ADMIN_ONLY) {
      expect(fan).not.toContain(ns);
      expect(admin).toContain(ns);
    }
    expect(fan).toContain("seats");
    expect(admin).toContain("seats");
  });

  it("sends every namespace a client component uses where it renders", () => {
    const fanSide = new Set([
      ...clientNamespaces("components"),
      ...clientNamespaces("features", (file) => file.startsWith("admin")),
      ...clientNamespaces("app", (file) => file.startsWith("admin")),
    ]);
    expect(fanSide.size).toBeGreaterThan(20);
    const fan = Object.keys(clientMessages(en, "fan"));
    for (const ns of fanSide) expect(fan, ns).toContain(ns);
    const admin = Object.keys(clientMessages(en, "admin"));
    for (const ns of clientNamespaces("features/admin")) expect(admin, ns).toContain(ns);
  });
});
