import { runSipp } from '../support/sipp.js';
import { agentMedia, chooseAgentState, expect, signInAgent, test, watchPeerConnections } from './softphone-fixtures.js';

test.use({ withRtpEngine: true });

test('a carrier call from SIPp (plain RTP, PCMA) reaches the agent through rtpengine; answered in the UI, the agent hears it', async ({ page, phone }) => {
  await watchPeerConnections(page);
  await signInAgent(page, phone.host, '1003');
  await chooseAgentState(page, '就绪');

  const sipp = await runSipp({ scenario: 'sipp-carrier-call.xml', proxyPort: phone.kamailio.sipPort, service: '1003' });
  try {
    await expect(page.getByTestId('ringing-bar')).toHaveText('来电：139****1111', { timeout: 15_000 });
    await page.getByRole('button', { name: '接听', exact: true }).click();
    await expect(page.getByTestId('agent-state')).toHaveText('通话中');
    await expect.poll(async () => (await agentMedia(page)).bytesReceived, { message: "the agent receives SIPp's recorded voice", timeout: 15_000 }).toBeGreaterThan(4000);

    await page.getByRole('button', { name: '挂断', exact: true }).click();
    const { code, output } = await sipp.finished;
    expect(code, output.slice(-2000)).toBe(0);
    await expect(page.getByTestId('agent-state')).toHaveText('话后整理');
  } finally {
    await sipp.stop();
  }
});
