/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin the API is served from; empty means the page's own origin (nginx or CloudFront route `/api/*`). */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
