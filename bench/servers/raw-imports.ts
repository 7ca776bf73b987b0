// A control, not a framework: the raw server (./raw.ts) in a process that has also loaded
// Socketeer and everything it imports (express and the rest), without using any of it. Its ratio
// to raw is what the larger process alone costs, apart from anything Socketeer does per event.
import 'socketeer';
await import('./raw.js');
