/** Tone and gap lengths: ITU-T Q.24 asks ≥ 40 ms each; IVRs in the field decode 100/70 reliably. */
export const DTMF_TONE_MS = 100;
export const DTMF_GAP_MS = 70;

/**
 * Queues RFC 4733 digits behind those the sender is still playing. `insertDTMF` replaces the
 * sender's tone buffer, so pressing a key while the previous tone plays would drop the queued one
 * (issue 17: 2 5 8 0 pressed 120 ms apart arrived as "250"); appending keeps every digit in order.
 */
export function queueRfc4733(sender: RTCDTMFSender, digits: string): void {
  sender.insertDTMF(sender.toneBuffer + digits, DTMF_TONE_MS, DTMF_GAP_MS);
}

/** The SIP INFO body for one digit (application/dtmf-relay, as carriers' IVRs read it). */
export const dtmfRelayBody = (digit: string) => `Signal=${digit}\r\nDuration=${DTMF_TONE_MS}`;

/**
 * Runs tasks one at a time in the order they were given: key presses become SIP INFOs in press
 * order, each after the previous one was answered. A failed task does not stop the later ones.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The caller handles this task's failure; the next task only waits for it to be over.
    this.tail = Promise.allSettled([result]);
    return result;
  }
}
