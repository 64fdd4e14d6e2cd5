// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Caller } from '$lib/server/auth/types';

declare global {
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** Who sent the request: resolved once in hooks.server.ts (DESIGN §9). */
      caller: Caller;
    }
  }
}

export {};
