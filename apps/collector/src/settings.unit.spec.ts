import { ConfigError, loadConfig } from '@gohan-es/config';
import { collectorSettings } from './settings';

describe('collectorSettings', () => {
  const config = loadConfig({});

  it('should read routers through the simulator model by default', () => {
    expect(collectorSettings(config, {}).deviceProfile).toBe('simulator');
    expect(collectorSettings(config, { COLLECTOR_DEVICE_PROFILE: ' ' }).deviceProfile).toBe('simulator');
  });

  it.each(['simulator', 'junos', ' junos '])('should accept COLLECTOR_DEVICE_PROFILE=%j', (value) => {
    expect(collectorSettings(config, { COLLECTOR_DEVICE_PROFILE: value }).deviceProfile).toBe(value.trim());
  });

  it('should refuse an unknown profile naming the variable', () => {
    const run = () => collectorSettings(config, { COLLECTOR_DEVICE_PROFILE: 'ios-xr' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      'configuration: COLLECTOR_DEVICE_PROFILE must be one of simulator, junos, got "ios-xr"',
    );
  });
});
