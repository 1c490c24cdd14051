/**
 * Importing an existing .vmdk descriptor as a VM: read strictly (with line numbers when it
 * cannot be), matched against the listed disks, and a path that may be a listed disk under
 * another name waits for the user's answer (docs/device-identity.md). Undo takes it out again.
 */
import { createSignal } from "solid-js";
import { importDescriptor, type DeviceAnswers, type DeviceQuestion } from "../lib/vmdk/import.ts";
import {
  MAX_DESCRIPTOR_BYTES,
  readDescriptor,
  type ReadDescriptor,
  type ReadExtent,
} from "../lib/vmdk/reader.ts";
import { describeError, type Notify } from "./notices.ts";
import type { AppStore } from "./store.ts";

export interface ImportedDescriptor {
  fileName: string;
  vmName: string;
  uuid: string | null;
  extents: ReadExtent[];
  notes: string[];
}

/** An import waiting for the user to say which listed disk each path is. */
export interface PendingDeviceQuestions {
  fileName: string;
  descriptor: ReadDescriptor;
  questions: DeviceQuestion[];
  answers: DeviceAnswers;
}

export function createDescriptorImport(
  store: AppStore,
  notify: Notify,
  dismissTopic: (topic: string) => void,
) {
  const [imported, setImported] = createSignal<ImportedDescriptor | null>(null);
  const [deviceQuestions, setDeviceQuestions] = createSignal<PendingDeviceQuestions | null>(null);
  const finishImport = (fileName: string, descriptor: ReadDescriptor, answers: DeviceAnswers) => {
    setDeviceQuestions(null);
    const r = importDescriptor(store.plan(), descriptor, fileName, answers);
    if (!r.ok && r.questions) {
      setImported(null);
      dismissTopic("import");
      setDeviceQuestions({ fileName, descriptor, questions: r.questions, answers });
      return;
    }
    if (!r.ok) {
      setImported(null);
      notify("import", "error", `${fileName} cannot be imported. ${r.error}`, []);
      return;
    }
    const vm = r.plan.vms[r.vm];
    store.actions.replace(store.listingText(), r.plan, {
      kind: "note",
      text: `Imported ${fileName} as ${vm?.name ?? "a VM"}. Undo takes it out again.`,
    });
    dismissTopic("import");
    setImported({
      fileName,
      vmName: vm?.name ?? "",
      uuid: vm?.uuid ?? null,
      extents: descriptor.extents,
      notes: [
        ...r.addedDisks.map(
          (d) => `Added the disk ${d} (its size is unknown: enter it in step 2).`,
        ),
        ...r.notes,
      ],
    });
  };
  const importDescriptorFile = async (file: File) => {
    const fail = (text: string, details: string[] = []) => {
      setImported(null);
      notify("import", "error", `${file.name} cannot be imported. ${text}`, details);
    };
    try {
      if (file.size > MAX_DESCRIPTOR_BYTES + 1) {
        return fail("", [
          `line 1: The file has ${file.size} bytes; a descriptor is at most 128 KiB (is this a disk image rather than its descriptor?).`,
        ]);
      }
      const read = readDescriptor(new Uint8Array(await file.arrayBuffer()));
      if (!read.ok) return fail("", [`line ${read.error.line}: ${read.error.message}`]);
      finishImport(file.name, read.descriptor, new Map());
    } catch (e) {
      fail(`(${describeError(e)})`);
    }
  };
  const answerDeviceQuestions = (answers: DeviceAnswers) => {
    const pending = deviceQuestions();
    if (!pending) return;
    finishImport(pending.fileName, pending.descriptor, new Map([...pending.answers, ...answers]));
  };
  return {
    imported,
    dismissImported: () => setImported(null),
    importDescriptorFile,
    deviceQuestions,
    answerDeviceQuestions,
    cancelDeviceQuestions: () => setDeviceQuestions(null),
  };
}
