import { runSipp } from '../support/sipp.js';
import { agentMedia, chooseAgentState, expect, pressKeypadAtPace, signInAgent, test, watchPeerConnections } from './softphone-fixtures.js';

test.use({ withRtpEngine: true });

test('a carrier call from SIPp (plain RTP, PCMA) reaches the agent through rtpengine; answered in the UI, the agent hears it', async ({ page, phone }) => {
  await watchPeerConnections(page);
  await signInAgent(page, phone.host, '1003');
  await chooseAgentState(page, '就绪');

  const sipp = await runSipp({ scenario: 'sipp-carrier-call.xml', proxyPort: phone.kamailio.sipPort, service: '1003' });
  try {
    await expect(page.getByTestId('ringing-bar')).toHaveText('来电：139****1111', { timeout: 15_000 });
    // This agent works in English: the same controls, English names.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await expect(page.getByTestId('agent-state')).toHaveText('On a call');
    await expect.poll(async () => (await agentMedia(page)).bytesReceived, { message: "the agent receives SIPp's recorded voice", timeout: 15_000 }).toBeGreaterThan(4000);

    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    const { code, output } = await sipp.finished;
    expect(code, output.slice(-2000)).toBe(0);
    await expect(page.getByTestId('agent-state')).toHaveText('After-call work');
  } finally {
    await sipp.stop();
  }
});

test('DTMF 2580# clicked 100 ms apart reaches the carrier complete and in order by RFC 4733 (decoded by rtpengine from the RTP)', async ({ page, phone }) => {
  await watchPeerConnections(page);
  await signInAgent(page, phone.host, '1003');
  await chooseAgentState(page, '就绪');
  const sipp = await runSipp({ scenario: 'sipp-carrier-call.xml', proxyPort: phone.kamailio.sipPort, service: '1003' });
  try {
    await expect(page.getByTestId('ringing-bar')).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: '接听', exact: true }).click();
    await expect.poll(async () => (await agentMedia(page)).bytesSent, { message: 'media flows toward the carrier', timeout: 15_000 }).toBeGreaterThan(2000);

    // Faster than one tone plus its gap (170 ms): the presses must queue, not replace each other.
    await pressKeypadAtPace(page, ['2', '5', '8', '0', '#'], 100);
    await expect.poll(() => phone.rtpengine!.dtmfDigits(), { message: 'digits rtpengine decoded', timeout: 10_000 }).toEqual(['2', '5', '8', '0', '#']);

    await page.getByRole('button', { name: '挂断', exact: true }).click();
    const { code, output } = await sipp.finished;
    expect(code, output.slice(-2000)).toBe(0);
  } finally {
    await sipp.stop();
  }
});
