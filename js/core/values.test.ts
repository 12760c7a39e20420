import assert from "node:assert/strict";
import { test } from "node:test";
import { dtypeClass, formatScalar, parseScalar, parseValue, splitItems, valueTexts } from "./values";

const value = (p: ReturnType<typeof parseValue>) => (p.ok ? p.value : `error: ${p.error}`);

test("plain text is converted by the column's dtype", () => {
  assert.equal(value(parseScalar("shipped", "text")), "shipped");
  assert.equal(value(parseScalar('"shipped"', "text")), "shipped"); // quotes are allowed, not needed
  assert.equal(value(parseScalar("10", "text")), "10"); // a String column compares with text
  assert.equal(value(parseScalar("10", "integer")), 10);
  assert.equal(value(parseScalar("2.5", "float")), 2.5);
  assert.equal(value(parseScalar("yes", "boolean")), true);
  assert.match(String(value(parseScalar("ten", "integer"))), /^error: Type a whole number/);
  assert.match(String(value(parseScalar("2.5", "integer"))), /^error: Type a whole number/);
  assert.match(String(value(parseScalar("", "text"))), /^error: Type a value/);
  assert.equal(value(parseScalar('" West"', "text")), " West"); // quotes keep the spaces
  assert.equal(value(parseScalar(" West ", "text")), "West");
});

test("without a known column type, numbers and booleans are guessed and quotes make text", () => {
  assert.equal(value(parseScalar("10", "unknown")), 10);
  assert.equal(value(parseScalar('"10"', "unknown")), "10");
  assert.equal(value(parseScalar("true", "unknown")), true);
  assert.equal(value(parseScalar("north", "unknown")), "north");
});

test("lists split at commas outside quotes; pairs take two boxes", () => {
  assert.deepEqual(splitItems('a, "b, c", d'), ["a", ' "b, c"', " d"]);
  assert.deepEqual(value(parseValue(["north, south"], "list", "text")), ["north", "south"]);
  assert.deepEqual(value(parseValue(['"a, b", c'], "list", "text")), ["a, b", "c"]);
  assert.deepEqual(value(parseValue(["1, 2, 3"], "list", "integer")), [1, 2, 3]);
  assert.match(String(value(parseValue(["1, x"], "list", "integer"))), /^error: x: Type a whole number/);
  assert.deepEqual(value(parseValue(["10", "200"], "pair", "float")), [10, 200]);
  assert.match(String(value(parseValue(["10", ""], "pair", "float"))), /^error: To: Type a value/);
  assert.equal(value(parseValue([], "none", "text")), null);
});

test("values are shown back as the text that reads as them", () => {
  for (const [v, cls] of [["north", "text"], [" West", "text"], ["a, b", "text"], [10, "integer"], ["10", "unknown"], [true, "boolean"]] as const) {
    const texts = valueTexts(v, "one", cls);
    assert.deepEqual(value(parseValue(texts, "one", cls)), v, `${JSON.stringify(v)} via ${JSON.stringify(texts)}`);
  }
  const list = ["a, b", "c", " d"];
  assert.deepEqual(value(parseValue(valueTexts(list, "list", "text"), "list", "text")), list);
  assert.equal(formatScalar("shipped", "text"), "shipped");
});

test("dtype classes", () => {
  assert.equal(dtypeClass("Int64"), "integer");
  assert.equal(dtypeClass("UInt32"), "integer");
  assert.equal(dtypeClass("Float64"), "float");
  assert.equal(dtypeClass("Decimal(38, 9)"), "float");
  assert.equal(dtypeClass("String"), "text");
  assert.equal(dtypeClass("Enum(categories=['a'])"), "text");
  assert.equal(dtypeClass("Datetime(time_unit='us', time_zone=None)"), "datetime");
  assert.equal(dtypeClass("Date"), "date");
  assert.equal(dtypeClass(undefined), "unknown");
});

test("dates are typed values the kernel reads as dates", () => {
  assert.deepEqual(parseScalar("1995-03-15", "date"), { ok: true, value: { date: "1995-03-15" } });
  assert.equal(parseScalar("1995-02-30", "date").ok, false);
  assert.equal(parseScalar("15/03/1995", "date").ok, false);
  assert.deepEqual(parseScalar("1995-03-15 10:30", "datetime"), { ok: true, value: { datetime: "1995-03-15T10:30" } });
  assert.equal(formatScalar({ date: "1995-03-15" }, "date"), "1995-03-15");
  assert.equal(formatScalar({ datetime: "1995-03-15T10:30" }, "datetime"), "1995-03-15 10:30");
  assert.deepEqual(parseValue(["1995-01-01", "1995-12-31"], "pair", "date"), {
    ok: true,
    value: [{ date: "1995-01-01" }, { date: "1995-12-31" }],
  });
});
