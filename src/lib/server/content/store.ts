/**
 * The content store: every asset is one file named by the SHA-256 of its bytes, under
 * PARQUE_CONTENT_DIR (default data/content), so a file used by many courses is kept once.
 * Writes go to a temporary name first and are renamed into place: a crash never leaves a
 * half-written file under a real hash.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isContentHash } from '../../domain/course';

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function contentDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.PARQUE_CONTENT_DIR || 'data/content');
}

export class ContentStore {
  constructor(readonly dir: string) {}

  /** Where the bytes of `hash` live; throws on anything that is not a hash. */
  pathOf(hash: string): string {
    if (!isContentHash(hash)) throw new Error('not a content hash');
    return join(this.dir, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  sizeOf(hash: string): number | null {
    try {
      return statSync(this.pathOf(hash)).size;
    } catch {
      return null;
    }
  }

  /** Stores the bytes (once) and returns their hash. */
  put(bytes: Uint8Array): string {
    const hash = sha256(bytes);
    const path = this.pathOf(hash);
    if (existsSync(path)) return hash;
    mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${randomUUID()}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
    return hash;
  }

  async read(hash: string): Promise<Buffer> {
    return readFile(this.pathOf(hash));
  }

  /** Files already read back and found to match their name (they never change in place). */
  #verified = new Set<string>();

  /**
   * The bytes, checked against their name the first time this process reads them; null
   * if the file on disk no longer matches (damaged).
   */
  async readVerified(hash: string): Promise<Buffer | null> {
    const bytes = await this.read(hash);
    if (this.#verified.has(hash)) return bytes;
    if (sha256(bytes) !== hash) return null;
    this.#verified.add(hash);
    return bytes;
  }
}

let instance: ContentStore | undefined;

export function getContentStore(): ContentStore {
  instance ??= new ContentStore(contentDirFromEnv());
  return instance;
}
