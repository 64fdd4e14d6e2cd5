/**
 * Downloads in progress, shared by the course list and the course page so progress shows
 * wherever the learner looks. The durable state (what finished) is in IndexedDB and
 * Cache Storage; this only holds what is moving now and the last error.
 */
import { getLocalDb } from '../db';
import { onKioskReset } from '../kiosk/reset';
import { DownloadError, downloadCourse, removeDownload, type DownloadProgress } from './download';

class Downloads {
  active = $state<Record<string, DownloadProgress>>({});
  errors = $state<Record<string, DownloadError | undefined>>({});
  persisted = $state<boolean | undefined>(undefined);

  isActive(courseId: string): boolean {
    return courseId in this.active;
  }

  async start(courseId: string): Promise<boolean> {
    if (this.isActive(courseId)) return false;
    this.errors[courseId] = undefined;
    this.active[courseId] = { bytesDone: 0, bytesTotal: 0 };
    try {
      await downloadCourse(getLocalDb(), courseId, {
        onProgress: (p) => {
          this.active[courseId] = p;
        }
      });
      if (navigator.storage?.persisted) this.persisted = await navigator.storage.persisted();
      return true;
    } catch (e) {
      this.errors[courseId] = e instanceof DownloadError ? e : new DownloadError('server');
      return false;
    } finally {
      delete this.active[courseId];
    }
  }

  async remove(courseId: string): Promise<void> {
    await removeDownload(getLocalDb(), courseId);
    this.errors[courseId] = undefined;
  }
}

export const downloads = new Downloads();
onKioskReset(() => {
  downloads.errors = {};
});
