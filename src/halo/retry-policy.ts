/** How often and how patiently the client tries again. */
export interface RetryPolicy {
  /** Further attempts after a transient failure (5xx, timeout, dropped connection) of a safe request. */
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Further attempts after 429 Too Many Requests; a 429 is only a failure once these run out. */
  rateLimitRetries: number;
  /** Back-off after a 429 without Retry-After (PowerShell's HaloAPI waits 5 s, growing to 60 s). */
  rateLimitBackoffMs: number;
  rateLimitBackoffMaxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 8000,
  rateLimitRetries: 10,
  rateLimitBackoffMs: 5000,
  rateLimitBackoffMaxMs: 60_000,
};
