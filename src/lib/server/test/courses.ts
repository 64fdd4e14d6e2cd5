/** Course folders for server tests. */
import type { CourseFiles } from '../content/import';

const enc = (s: string) => new TextEncoder().encode(s);

export const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Punto</title><circle cx="5" cy="5" r="4" fill="#060"/></svg>';
export const OGG = new Uint8Array([...enc('OggS'), 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);

/** A small valid course folder in memory; `over` replaces (or, with null, removes) files. */
export function course(over: Record<string, string | Uint8Array | null> = {}): CourseFiles {
  const files: Record<string, string | Uint8Array | null> = {
    'course.md':
      '---\ntitle: Curso de prueba\nsummary: Un curso corto.\nlanguage: es\nlevel: inicial\nminutes: 20\npassMark: 60\n---\nBienvenida.\n',
    'lessons/01-inicio.md':
      '---\ntitle: Inicio\nminutes: 5\naudio: ../audio/voz.ogg\n---\n# Hola\n\nTexto con ![un punto verde](../img/punto.svg).\n',
    'lessons/02-final.md': '---\ntitle: Final\nminutes: 5\n---\nÚltima lección.\n',
    'quiz.md':
      '---\ntitle: Prueba\n---\n## ¿Uno?\n- [x] Sí\n- [ ] No\n> Porque sí.\n\n## Marque las dos\n- [x] A\n- [x] B\n- [ ] C\n> A y B.\n\n## El cielo es azul.\n- [x] Verdadero\n- [ ] Falso\n> Casi siempre.\n',
    'img/punto.svg': SVG,
    'audio/voz.ogg': OGG,
    ...over
  };
  const map: CourseFiles = new Map();
  for (const [k, v] of Object.entries(files)) {
    if (v !== null) map.set(k, typeof v === 'string' ? enc(v) : v);
  }
  return map;
}
