/** A k6 threshold expression such as `rate<0.05`, `p(99)<100` or `count<150`. */
export interface Threshold {
  readonly expression: string;
  readonly aggregation: string;
  readonly operator: '<' | '<=' | '>' | '>=' | '==' | '!=';
  readonly value: number;
}

const EXPRESSION =
  /^\s*(rate|count|avg|min|med|max|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Parses one expression; a malformed one is an error that names it (k6 refuses it too). */
export function parseThreshold(expression: string): Threshold {
  const match = EXPRESSION.exec(expression);
  if (match === null) throw new Error(`threshold "${expression}" is not of the form <aggregation><operator><number>`);
  return {
    expression,
    aggregation: match[1]!,
    operator: match[2] as Threshold['operator'],
    value: Number(match[3]),
  };
}

/** Whether the observed value satisfies the threshold (k6: `ok`). */
export function holds(threshold: Threshold, observed: number): boolean {
  switch (threshold.operator) {
    case '<':
      return observed < threshold.value;
    case '<=':
      return observed <= threshold.value;
    case '>':
      return observed > threshold.value;
    case '>=':
      return observed >= threshold.value;
    case '==':
      return observed === threshold.value;
    case '!=':
      return observed !== threshold.value;
  }
}
