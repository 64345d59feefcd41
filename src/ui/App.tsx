// Placeholder page until the interactive front end lands: shows the matrix debugfs of a
// booted 4-CPU machine, computed by the real engine.
import { Matrix, matrixDebugShow } from '../sim/core/matrix';

function bootMatrix(): string {
  const m = new Matrix(4, 256, 32, 236);
  for (let b = 0; b < 32; b++) m.assignSystem(0, b, false);
  for (const b of [128, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255]) {
    m.assignSystem(0, b, false);
  }
  m.assignSystem(0, 50, false);
  m.onlineCpu(0);
  for (let i = 0; i < 16; i++) if (i !== 2) m.assign(0, 48 + i);
  for (let cpu = 1; cpu < 4; cpu++) m.onlineCpu(cpu);
  return matrixDebugShow(m, 1);
}

export function App() {
  return (
    <main>
      <h1>irqscope</h1>
      <section aria-label="debugfs">
        <h2>/sys/kernel/debug/irq/domains/VECTOR</h2>
        <pre aria-label="/sys/kernel/debug/irq/domains/VECTOR">{bootMatrix()}</pre>
      </section>
    </main>
  );
}
