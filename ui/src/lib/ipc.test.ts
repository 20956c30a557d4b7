import { describe, expect, it } from "vitest";

import { call, isCommandError, readableMessage, toUiError } from "./ipc";

describe("isCommandError", () => {
  it("accepts the shell's code and message", () => {
    expect(isCommandError({ code: "not_found", message: "no version 7" })).toBe(true);
  });

  it("rejects an unknown code", () => {
    expect(isCommandError({ code: "teapot", message: "x" })).toBe(false);
  });

  it("rejects a missing message", () => {
    expect(isCommandError({ code: "internal" })).toBe(false);
  });

  it("rejects null", () => {
    expect(isCommandError(null)).toBe(false);
  });
});

describe("toUiError", () => {
  it("keeps a command error's code and makes its message a sentence", () => {
    const error = toUiError({ code: "store_unavailable", message: "no store at /d" });
    expect(error).toEqual({ code: "store_unavailable", message: "No store at /d." });
  });

  it("quotes command-line code spans", () => {
    const message = 'invalid search "*": give at least one word, for example `arbitration`';
    expect(readableMessage(message)).toBe('Invalid search "*": give at least one word, for example “arbitration”.');
  });

  it("keeps a message that ends a sentence already", () => {
    expect(readableMessage("Nothing was restored.")).toBe("Nothing was restored.");
  });

  it("wraps a plain string from Tauri as internal", () => {
    const error = toUiError("command search_clauses not found");
    expect(error).toEqual({ code: "internal", message: "command search_clauses not found" });
  });

  it("takes the message of an Error", () => {
    expect(toUiError(new Error("ipc closed"))).toEqual({ code: "internal", message: "ipc closed" });
  });

  it("gives a message to a value without one", () => {
    expect(toUiError(42).message).toBe("The command failed without a message.");
  });
});

describe("call", () => {
  it("reports not_in_app outside the desktop window", async () => {
    const outcome = await call("app_info");
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe("not_in_app");
    }
  });
});
