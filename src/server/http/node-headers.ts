import type { IncomingHttpHeaders } from "node:http";

/**
 * The Fetch API `Headers` of a node:http request, read straight from `req.headers` instead of
 * copied into an undici Headers object on every request (procedures only read a few of them).
 * Values read as they would from `new Headers(req.headers)`: Node has already joined repeated
 * headers, and the few it keeps as arrays (set-cookie) are joined with ", ".
 */
export class NodeHeaders implements Headers {
  private own: Record<string, string | string[] | undefined> | undefined;

  constructor(private readonly raw: IncomingHttpHeaders) {}

  private get all(): Record<string, string | string[] | undefined> {
    return this.own ?? this.raw;
  }

  private mutable(): Record<string, string | string[] | undefined> {
    this.own ??= { ...this.raw };
    return this.own;
  }

  get(name: string): string | null {
    const value = this.all[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.all[name.toLowerCase()] !== undefined;
  }

  set(name: string, value: string): void {
    this.mutable()[name.toLowerCase()] = String(value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const headers = this.mutable();
    const current = headers[key];
    if (current === undefined) headers[key] = String(value);
    else if (key === "set-cookie") headers[key] = [...(Array.isArray(current) ? current : [current]), String(value)];
    else headers[key] = `${Array.isArray(current) ? current.join(", ") : current}, ${value}`;
  }

  delete(name: string): void {
    delete this.mutable()[name.toLowerCase()];
  }

  getSetCookie(): string[] {
    const value = this.all["set-cookie"];
    if (value === undefined) return [];
    return Array.isArray(value) ? [...value] : [value];
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  *entries(): HeadersIterator<[string, string]> {
    const names = Object.keys(this.all)
      .filter((k) => this.all[k] !== undefined)
      .sort();
    for (const name of names) yield [name, this.get(name)!];
  }

  *keys(): HeadersIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }
}
