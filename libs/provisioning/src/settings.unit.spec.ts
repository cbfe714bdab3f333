import { junosProfile, simulatorProfile } from '@gohan-es/netconf';
import { loadProvisionerSettings } from './settings';

describe('loadProvisionerSettings', () => {
  it('should default to the simulator profile with coalescing on and the drift topic beside provisioning', () => {
    const s = loadProvisionerSettings({}, 'gohan.provisioning');
    expect(s).toMatchObject({
      profileName: 'simulator',
      coalesce: true,
      driftTopic: 'gohan.provisioning.drift',
      deadlineMs: 120_000,
    });
    expect(s.profile).toEqual(simulatorProfile);
  });
  it('should take the Junos profile (commit check on, no namespace) and overrides', () => {
    const s = loadProvisionerSettings({
      PROVISIONER_DEVICE_PROFILE: 'junos',
      PROVISIONER_COALESCE: 'false',
      PROVISIONER_RETRY_DEADLINE_MS: '5000',
    });
    expect(s.profile).toEqual(junosProfile);
    expect(s.profile.supportsCommitCheck).toBe(true);
    expect([s.coalesce, s.deadlineMs]).toEqual([false, 5000]);
  });
  it('should refuse a bad value, naming the variable', () => {
    expect(() => loadProvisionerSettings({ PROVISIONER_DEVICE_PROFILE: 'ios' })).toThrow(
      /PROVISIONER_DEVICE_PROFILE/,
    );
    expect(() => loadProvisionerSettings({ PROVISIONER_MAX_BATCH: '0' })).toThrow(/PROVISIONER_MAX_BATCH/);
  });
});
