import { logFailure } from '../../platform/log.js';
/**
 * Keeps one microphone capture open while the line is registered and hands each call a clone of
 * its track. Opening the microphone (getUserMedia) takes around 100 ms on a typical PC, which
 * otherwise sits between the agent's click and the INVITE, and between 接听 and audio. Clones are
 * stopped by sip.js when a call ends; the master lives until the device changes or the line closes.
 */
export class WarmMicrophone {
  private master: Promise<MediaStream> | undefined;
  private deviceId: string | undefined;

  constructor(private readonly getUserMedia = (constraints: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(constraints)) {}

  /** Starts capturing now (after registration) so the first call is fast too. */
  warm(deviceId: string | undefined): void {
    void this.streamFor(deviceId).catch(logFailure('softphone.microphone', 'the microphone could not be opened ahead of the first call; it is tried again when a call starts', 'info'));
  }

  /** A fresh stream for one call. */
  async callStream(deviceId: string | undefined): Promise<MediaStream> {
    let master = await this.streamFor(deviceId).catch(logFailure('softphone.microphone', 'the warm capture failed; opening the microphone again for this call', 'info'));
    if (!master || master.getAudioTracks().every((track) => track.readyState === 'ended')) {
      // The device went away or capture failed: try once more from scratch.
      this.release();
      master = await this.streamFor(deviceId);
    }
    return new MediaStream(master.getAudioTracks().map((track) => track.clone()));
  }

  release(): void {
    const previous = this.master;
    this.master = undefined;
    void previous?.then((stream) => stream.getTracks().forEach((track) => track.stop())).catch(logFailure('softphone.microphone', 'a capture released before it opened had failed', 'debug'));
  }

  private streamFor(deviceId: string | undefined): Promise<MediaStream> {
    if (this.master && this.deviceId === deviceId) return this.master;
    this.release();
    this.deviceId = deviceId;
    const audio: MediaTrackConstraints | boolean = deviceId ? { deviceId: { exact: deviceId } } : true;
    const capture = this.getUserMedia({ audio, video: false });
    this.master = capture;
    capture.catch(() => {
      if (this.master === capture) this.master = undefined;
    });
    return capture;
  }
}
