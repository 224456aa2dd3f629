/** The part of autocannon's API (v8+) the bench uses; autocannon ships no types of its own. */
declare module "autocannon" {
  namespace autocannon {
    type Request = {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      setupRequest?: (req: Request, context: any) => Request | undefined;
      onResponse?: (status: number, body: string, context: any, headers: Record<string, string>) => void;
    };
    type Options = {
      url: string | string[];
      connections?: number;
      duration?: number;
      amount?: number;
      /** Requests per second over all connections. */
      overallRate?: number;
      timeout?: number;
      pipelining?: number;
      requests?: Request[];
    };
    type Histogram = { average: number; p50: number; p90: number; p99: number; max: number };
    type Result = {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      latency: Histogram;
      requests: Histogram & { total: number };
      statusCodeStats?: Record<string, { count: number }>;
    };
    type Instance = { stop(): void; on(event: "response", listener: (...args: unknown[]) => void): Instance };
  }
  function autocannon(
    opts: autocannon.Options,
    cb: (err: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;
  export default autocannon;
}
