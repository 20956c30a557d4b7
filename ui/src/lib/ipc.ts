// Calls the shell's commands and turns every failure into one shape the views can show.
// Add a typed function per command here, so views never pass command names as strings.

import { invoke } from "@tauri-apps/api/core";

import type { BackupSummary } from "./bindings/BackupSummary";
import type { AppInfo } from "./bindings/AppInfo";
import type { AsOf } from "./bindings/AsOf";
import type { CategoryCompareView } from "./bindings/CategoryCompareView";
import type { CategoryEntry } from "./bindings/CategoryEntry";
import type { ChangeFilter } from "./bindings/ChangeFilter";
import type { ChangeOverview } from "./bindings/ChangeOverview";
import type { ChangeReview } from "./bindings/ChangeReview";
import type { ChangeView } from "./bindings/ChangeView";
import type { Checklist } from "./bindings/Checklist";
import type { ChecklistItem } from "./bindings/ChecklistItem";
import type { ClauseHistory } from "./bindings/ClauseHistory";
import type { CommandError } from "./bindings/CommandError";
import type { DemoStatus } from "./bindings/DemoStatus";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ItemChange } from "./bindings/ItemChange";
import type { ItemEdit } from "./bindings/ItemEdit";
import type { MemoExport } from "./bindings/MemoExport";
import type { MemoOptions } from "./bindings/MemoOptions";
import type { MemoPreview } from "./bindings/MemoPreview";
import type { Note } from "./bindings/Note";
import type { PlatformSummary } from "./bindings/PlatformSummary";
import type { SearchHit } from "./bindings/SearchHit";
import type { VersionSummary } from "./bindings/VersionSummary";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { RemovedPlatforms } from "./bindings/RemovedPlatforms";
import type { SavedSource } from "./bindings/SavedSource";
import type { SourceEntry } from "./bindings/SourceEntry";
import type { SourceForm } from "./bindings/SourceForm";
import type { WatchSettings } from "./bindings/WatchSettings";

/**
 * A failure as a view shows it: the shell's codes, plus `not_in_app` when the page runs
 * outside the desktop window (for example in a browser during development).
 */
export interface UiError {
  code: ErrorCode | "not_in_app";
  message: string;
}

const ERROR_CODES: readonly string[] = [
  "not_found",
  "invalid_input",
  "store_unavailable",
  "internal",
] satisfies ErrorCode[];

/** Returns whether `value` has the shape of the shell's {@link CommandError}. */
export function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return (
    typeof record.code === "string" &&
    ERROR_CODES.includes(record.code) &&
    typeof record.message === "string"
  );
}

/**
 * Returns an engine message as a sentence for the window: the engine writes for the command
 * line ("invalid search \"*\": give at least one word, for example `arbitration`"), so the
 * first letter is raised, `code` spans become quoted words and a full stop ends it.
 */
export function readableMessage(message: string): string {
  const quoted = message.trim().replace(/`([^`]+)`/g, "“$1”");
  const raised = quoted.charAt(0).toUpperCase() + quoted.slice(1);
  return /[.!?…)]$/.test(raised) || raised === "" ? raised : `${raised}.`;
}

/** Converts whatever a rejected `invoke` produced into a {@link UiError}. */
export function toUiError(reason: unknown): UiError {
  if (isCommandError(reason)) {
    return { code: reason.code, message: readableMessage(reason.message) };
  }
  if (reason instanceof Error) {
    return { code: "internal", message: reason.message };
  }
  if (typeof reason === "string") {
    return { code: "internal", message: reason };
  }
  return { code: "internal", message: "The command failed without a message." };
}

/** Returns whether the page runs inside the Tauri window, where commands can be called. */
export function inApp(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** The outcome of a command: its value, or the failure to show. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UiError };

/** Commands that answer before the first-launch import of the demo archive has finished. */
const WITHOUT_STORE: readonly string[] = ["app_info", "demo_status"];

let ready: Promise<void> | null = null;

/**
 * Resolves once the first-launch import has finished (or failed), so that no view reads a
 * half-imported store; the demo gate shows the failure itself.
 */
function storeReady(): Promise<void> {
  ready ??= new Promise((resolve) => {
    const poll = async (): Promise<void> => {
      const status = await invoke<DemoStatus>("demo_status").catch(() => null);
      if (status === null || status.phase === "ready" || status.phase === "failed") {
        resolve();
      } else {
        setTimeout(poll, 300);
      }
    };
    void poll();
  });
  return ready;
}

/** Calls `command` with `args` and returns its outcome instead of throwing. */
export async function call<T>(
  command: string,
  args?: Record<string, unknown>,
): Promise<Outcome<T>> {
  if (!inApp()) {
    return {
      ok: false,
      error: {
        code: "not_in_app",
        message: "This page runs outside the Clausewatch window, so it cannot read the store.",
      },
    };
  }
  try {
    if (!WITHOUT_STORE.includes(command)) {
      await storeReady();
    }
    return { ok: true, value: await invoke<T>(command, args) };
  } catch (reason) {
    return { ok: false, error: toUiError(reason) };
  }
}

/** Returns the version and folders of the running app. */
export function appInfo(): Promise<Outcome<AppInfo>> {
  return call<AppInfo>("app_info");
}

/** Quits the app: the watcher finishes its write in progress, then the process ends. */
export function quitApp(): Promise<Outcome<null>> {
  return call<null>("quit_app");
}

/** Returns why this window does not check sources, or null while its watcher runs. */
export function watcherStatus(): Promise<Outcome<string | null>> {
  return call<string | null>("watcher_status");
}

/** Returns where the first-launch import of the demo archive stands. */
export function demoStatus(): Promise<Outcome<DemoStatus>> {
  return call<DemoStatus>("demo_status");
}

/** Deletes the demo platforms; the caller asks the user to confirm first. */
export function removeDemo(): Promise<Outcome<DemoStatus>> {
  return call<DemoStatus>("remove_demo");
}

/** Returns every platform with a summary of each of its documents. */
export function platforms(): Promise<Outcome<PlatformSummary[]>> {
  return call<PlatformSummary[]>("platforms");
}

/** Returns the change records the filter selects across every document, newest first. */
export function recentChanges(filter: ChangeFilter, limit: number): Promise<Outcome<ChangeView[]>> {
  return call<ChangeView[]>("recent_changes", { filter, limit });
}

/** Returns the totals of every change record the filter selects, for the dashboard's charts. */
export function changeOverview(filter: ChangeFilter): Promise<Outcome<ChangeOverview>> {
  return call<ChangeOverview>("change_overview", { filter });
}

/** Returns every version of a document, oldest first. */
export function documentVersions(
  platform: string,
  document: string,
): Promise<Outcome<VersionSummary[]>> {
  return call<VersionSummary[]>("document_versions", { platform, document });
}

/** Returns the text of a document in force on `date` (YYYY-MM-DD). */
export function documentAsOf(
  platform: string,
  document: string,
  date: string,
): Promise<Outcome<AsOf>> {
  return call<AsOf>("document_as_of", { platform, document, date });
}

/** Returns one clause through every version of its document. */
export function clauseHistory(clauseId: string): Promise<Outcome<ClauseHistory>> {
  return call<ClauseHistory>("clause_history", { clauseId });
}

/** Compares two versions of a document, clause by clause. */
export function diffVersions(
  platform: string,
  document: string,
  fromId: number,
  toId: number,
): Promise<Outcome<ChangeView[]>> {
  return call<ChangeView[]>("diff_versions", { platform, document, fromId, toId });
}

/** Runs a full-text search over every clause text. */
export function search(query: string, limit: number): Promise<Outcome<SearchHit[]>> {
  return call<SearchHit[]>("search", { query, limit });
}

/** Sets the review state of one change record. */
export function setReview(
  versionId: number,
  clauseId: string,
  review: "reviewed" | "acknowledged" | "dismissed",
  reason: string | null,
): Promise<Outcome<ChangeReview>> {
  return call<ChangeReview>("set_review", { versionId, clauseId, review, reason });
}

/** Makes a change record unreviewed again; resolves to whether it had a review state. */
export function clearReview(versionId: number, clauseId: string, reason: string | null): Promise<Outcome<boolean>> {
  return call<boolean>("clear_review", { versionId, clauseId, reason });
}

/** Writes a copy of all data to the file at `path`. */
export function backupData(path: string): Promise<Outcome<null>> {
  return call<null>("backup_data", { path });
}

/**
 * Replaces all data with the backup file at `path`, after the shell writes a safety copy of
 * the current data into the data folder. Returns the path of that copy.
 */
export function restoreData(path: string): Promise<Outcome<string>> {
  return call<string>("restore_data", { path });
}

/** Checks the backup file at `path` as a restore would and returns what it holds. */
export function inspectBackup(path: string): Promise<Outcome<BackupSummary>> {
  return call<BackupSummary>("inspect_backup", { path });
}

/** Returns the clause categories of the taxonomy built into the app. */
export function categories(): Promise<Outcome<CategoryEntry[]>> {
  return call<CategoryEntry[]>("categories");
}

/** Builds the memo that `options` describe and returns what each section will hold. */
export function memoPreview(options: MemoOptions): Promise<Outcome<MemoPreview>> {
  return call<MemoPreview>("memo_preview", { options });
}

/** Opens the system's save dialog; resolves to the chosen path, or null when cancelled. */
export function chooseMemoPath(suggestedName: string): Promise<Outcome<string | null>> {
  return call<string | null>("choose_memo_path", { suggestedName });
}

/** Builds the memo that `options` describe and writes it as a PDF to the absolute `path`. */
export function exportMemo(
  options: MemoOptions,
  path: string,
  replace: boolean,
): Promise<Outcome<MemoExport>> {
  return call<MemoExport>("export_memo", { options, path, replace });
}

/** Opens a memo exported from this window in the default PDF viewer. */
export function openMemo(path: string): Promise<Outcome<null>> {
  return call<null>("open_memo", { path });
}

/** Compares the current clauses of one category across every platform. */
export function compareCategory(category: string): Promise<Outcome<CategoryCompareView>> {
  return call<CategoryCompareView>("compare_category", { category });
}

/** Returns every checklist with its items, oldest first. */
export function checklists(): Promise<Outcome<Checklist[]>> {
  return call<Checklist[]>("checklists");
}

/**
 * Returns the checklist of `category` that already covers the subject named as for
 * `openChecklist`, or null when there is none.
 */
export function coveringChecklist(
  category: string,
  platform: string,
  document: string | null,
  clauseId: string | null,
): Promise<Outcome<Checklist | null>> {
  return call<Checklist | null>("covering_checklist", { category, platform, document, clauseId });
}

/**
 * Opens a checklist from a category's template, for the clause when `clauseId` is given,
 * else for the document when `document` is given, else for the platform.
 */
export function openChecklist(
  category: string,
  platform: string,
  document: string | null,
  clauseId: string | null,
): Promise<Outcome<Checklist>> {
  return call<Checklist>("open_checklist", { category, platform, document, clauseId });
}

/** Changes an item's status, owner, due date or note; an empty string clears a field. */
export function updateChecklistItem(itemId: number, edit: ItemEdit): Promise<Outcome<ChecklistItem>> {
  return call<ChecklistItem>("update_checklist_item", { itemId, edit });
}

/** Returns every field change of a checklist item, oldest first. */
export function checklistItemHistory(itemId: number): Promise<Outcome<ItemChange[]>> {
  return call<ItemChange[]>("checklist_item_history", { itemId });
}

/** Returns the notes on a clause, oldest first. */
export function clauseNotes(clauseId: string): Promise<Outcome<Note[]>> {
  return call<Note[]>("clause_notes", { clauseId });
}

/** Adds a note to a clause. */
export function addNote(clauseId: string, body: string): Promise<Outcome<Note>> {
  return call<Note>("add_note", { clauseId, body });
}

/** Confirms a note against its clause's latest version, clearing its review flag. */
export function confirmNote(id: number): Promise<Outcome<Note>> {
  return call<Note>("confirm_note", { id });
}

/** Replaces the text of a note. */
export function editNote(id: number, body: string): Promise<Outcome<Note>> {
  return call<Note>("edit_note", { id, body });
}

/** Deletes a note; the audit log keeps its text. */
export function deleteNote(id: number): Promise<Outcome<null>> {
  return call<null>("delete_note", { id });
}

/** Returns the watch settings: check interval of new sources and notification threshold. */
export function watchSettings(): Promise<Outcome<WatchSettings>> {
  return call<WatchSettings>("watch_settings");
}

/**
 * Stores the watch settings; with `applyToSources` every source takes the new interval.
 * Resolves to the number of sources that changed.
 */
export function setWatchSettings(
  settings: WatchSettings,
  applyToSources: boolean,
): Promise<Outcome<number>> {
  return call<number>("set_watch_settings", { settings, applyToSources });
}

/** Returns every source as the editor shows it. */
export function sources(): Promise<Outcome<SourceEntry[]>> {
  return call<SourceEntry[]>("sources");
}

/** Adds or replaces the source of the form's document; the watcher checks it at once. */
export function saveSource(form: SourceForm): Promise<Outcome<SavedSource>> {
  return call<SavedSource>("save_source", { form });
}

/** Removes the source of a document; its versions stay. */
export function removeSource(platform: string, document: string): Promise<Outcome<null>> {
  return call<null>("remove_source", { platform, document });
}

/** Renames a platform, keeping its reviews, notes and checklists. */
export function renamePlatform(from: string, to: string): Promise<Outcome<null>> {
  return call<null>("rename_platform", { from, to });
}

/** Deletes a platform with its documents, versions, sources and user data. */
export function removePlatform(name: string): Promise<Outcome<RemovedPlatforms>> {
  return call<RemovedPlatforms>("remove_platform", { name });
}

/** Opens the system's file dialog; resolves to the chosen path, or null when cancelled. */
export function chooseImportPath(
  kind: "declarations" | "versions",
): Promise<Outcome<string | null>> {
  return call<string | null>("choose_import_path", { kind });
}

/** Imports declaration files or a versions folder at `path`. */
export function importPath(path: string): Promise<Outcome<ImportSummary>> {
  return call<ImportSummary>("import_path", { path });
}

/**
 * Makes the source of one document, or every source when no document is given, due now;
 * the background watcher checks it at once.
 */
export function checkNow(platform?: string, document?: string): Promise<Outcome<null>> {
  return call<null>("check_now", { platform: platform ?? null, document: document ?? null });
}
