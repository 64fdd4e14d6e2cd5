/**
 * Reads a QR code from the camera: the browser's BarcodeDetector where it exists, else a
 * small decoder (jsQR, loaded only when needed) over video frames. Resolves with the text.
 * Used by the kiosk's check-in page and the desk.
 */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
declare global {
  interface Window {
    BarcodeDetector?: new (options: { formats: string[] }) => BarcodeDetectorLike;
  }
}

export interface Scan {
  result: Promise<string>;
  stop: () => void;
}

/**
 * Fetches the fallback decoder ahead of need where the browser has no BarcodeDetector: it
 * is left out of the precache (see vite.config.ts), so a device that must scan offline (the
 * desk) loads it once while online, and the service worker keeps it.
 */
export function preloadDecoder(): void {
  if (!window.BarcodeDetector) import('jsqr').catch(() => {});
}

export async function scanQr(video: HTMLVideoElement): Promise<Scan> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment' },
    audio: false
  });
  video.srcObject = stream;
  await video.play();
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const detector = window.BarcodeDetector
    ? new window.BarcodeDetector({ formats: ['qr_code'] })
    : undefined;
  const jsQR = detector ? undefined : (await import('jsqr')).default;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });

  const result = new Promise<string>((resolve, reject) => {
    const tick = async () => {
      if (stopped) return reject(new Error('stopped'));
      try {
        if (detector) {
          const [hit] = await detector.detect(video);
          if (hit) return resolve(hit.rawValue);
        } else if (jsQR && ctx && video.videoWidth > 0) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          ctx.drawImage(video, 0, 0);
          const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
          const hit = jsQR(frame.data, frame.width, frame.height);
          if (hit) return resolve(hit.data);
        }
      } catch {
        // a frame that could not be read: try the next one
      }
      // About 7 reads a second is plenty for a code held up to the camera.
      setTimeout(() => requestAnimationFrame(() => void tick()), 150);
    };
    void tick();
  });
  result.then(stop, stop);
  return { result, stop };
}
