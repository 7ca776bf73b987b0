/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4) for the metrics tests.
 * Any line the format does not allow fails the test, and so does a sample outside its family,
 * a family declared twice, or a histogram whose buckets are not cumulative or whose `+Inf`
 * bucket differs from its count. It is checked against prom-client's own output for every
 * metric type (test/operations/metrics.test.ts).
 */
import assert from 'node:assert/strict';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const VALUE = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?Inf|NaN)$/;
const SUFFIXES: Record<MetricType, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function unescapeValue(text: string, line: string, quote: boolean): string {
  return text.replace(/\\(.)/g, (_, c: string) => {
    if (c === 'n') return '\n';
    if (c === '\\' || (quote && c === '"')) return c;
    assert.fail(`bad escape \\${c} in ${JSON.stringify(line)}`);
  });
}

function parseSample(line: string): Sample {
  const bad = () => assert.fail(`not Prometheus text format: ${JSON.stringify(line)}`);
  const name = NAME.exec(line)?.[0] ?? bad();
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const key = LABEL_NAME.exec(rest)?.[0] ?? bad();
      rest = rest.slice(key.length);
      const value = /^="((?:[^"\\\n]|\\.)*)"/.exec(rest) ?? bad();
      assert.ok(!(key in labels), `label ${key} twice in ${JSON.stringify(line)}`);
      labels[key] = unescapeValue(value[1]!, line, true);
      rest = rest.slice(value[0].length);
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) bad();
    }
    rest = rest.slice(1);
  }
  const parts = rest.split(' ');
  if (
    parts[0] !== '' ||
    parts.length < 2 ||
    parts.length > 3 ||
    !VALUE.test(parts[1]!) ||
    (parts[2] !== undefined && !/^-?\d+$/.test(parts[2]))
  )
    bad();
  const raw = parts[1]!;
  return { name, labels, value: raw.endsWith('Inf') ? (raw.startsWith('-') ? -Infinity : Infinity) : Number(raw) };
}

/** Parses exposition text into families by name; fails the test on anything the format does not allow. */
export function parseExposition(text: string): Map<string, Family> {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const families = new Map<string, Family>();
  let current: Family | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      let family = families.get(name);
      if (family === undefined) {
        family = { name, type: 'untyped', help: '', samples: [] };
        families.set(name, family);
      } else {
        assert.equal(current, family, `family ${name} appears in two places`);
        assert.equal(family.samples.length, 0, `# ${kind} ${name} after its samples`);
      }
      current = family;
      if (kind === 'HELP') family.help = unescapeValue(rest, line, false);
      else {
        assert.ok(rest in SUFFIXES, `unknown type in ${JSON.stringify(line)}`);
        family.type = rest as MetricType;
      }
      continue;
    }
    assert.ok(!/^# (HELP|TYPE) /.test(line), `not Prometheus text format: ${JSON.stringify(line)}`);
    if (line.startsWith('#')) continue; // a comment
    const s = parseSample(line);
    assert.ok(
      current && SUFFIXES[current.type].some((suffix) => s.name === current!.name + suffix),
      `sample ${s.name} outside its family`,
    );
    current.samples.push(s);
  }
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.entries(labels)
      .filter(([k]) => k !== 'le')
      .sort(),
  );
}

const bound = (bucket: Sample): number => (bucket.labels.le === '+Inf' ? Infinity : Number(bucket.labels.le));

function checkHistogram(family: Family): void {
  const bySeries = new Map<string, Sample[]>();
  for (const s of family.samples) {
    if (s.name.endsWith('_bucket')) {
      assert.ok('le' in s.labels, `${s.name} without le`);
      const list = bySeries.get(seriesKey(s.labels)) ?? [];
      list.push(s);
      bySeries.set(seriesKey(s.labels), list);
    }
  }
  for (const [key, buckets] of bySeries) {
    for (let i = 1; i < buckets.length; i++) {
      assert.ok(
        bound(buckets[i]!) > bound(buckets[i - 1]!) && buckets[i]!.value >= buckets[i - 1]!.value,
        `${family.name} ${key}: buckets not cumulative`,
      );
    }
    const inf = buckets.at(-1)!;
    assert.equal(inf.labels.le, '+Inf', `${family.name} ${key}: no +Inf bucket`);
    const count = family.samples.find((s) => s.name === `${family.name}_count` && seriesKey(s.labels) === key);
    assert.equal(count?.value, inf.value, `${family.name} ${key}: +Inf bucket differs from _count`);
  }
}

function same(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/** The value of the sample named `name` (a family name, or a histogram's `_sum`...) with exactly `labels`. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const family = families.get(name) ?? families.get(name.replace(/_(sum|count|bucket)$/, ''));
  assert.ok(family, `no metric ${name}`);
  return family.samples.find((s) => s.name === name && same(s.labels, labels))?.value;
}

/** One histogram series: its cumulative buckets by `le`, its sum and its count. */
export function histogram(families: Map<string, Family>, name: string, labels: Record<string, string>) {
  const family = families.get(name);
  assert.equal(family?.type, 'histogram', `${name} is a histogram`);
  const buckets: Record<string, number> = {};
  for (const s of family!.samples) {
    if (s.name === `${name}_bucket` && seriesKey(s.labels) === seriesKey(labels)) buckets[s.labels.le!] = s.value;
  }
  return {
    buckets,
    sum: sampleValue(families, `${name}_sum`, labels),
    count: sampleValue(families, `${name}_count`, labels),
  };
}
