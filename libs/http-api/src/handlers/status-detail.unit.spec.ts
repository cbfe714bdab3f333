// status_detail (the collector's last observation) passes the API's output filter for resources
// with an operational_state, when the read side returned it (only on `_fields=status_detail`).
import { schemaById } from '@gohan-es/domain';
import { present } from './runtime';

const detail = {
  master: 'primary',
  since: '2018-04-16T00:13:47.000Z',
  observed_at: '2018-04-16T00:13:47.000Z',
};
const all = () => true;

describe('present', () => {
  it('should keep status_detail of a monitored resource', () => {
    expect(present(schemaById('gw_interface')!, { status: 'ACTIVE', status_detail: detail }, all)).toEqual({
      status: 'ACTIVE',
      status_detail: detail,
    });
  });

  it('should drop it for a resource without operational_state, and when the policy hides it', () => {
    expect(present(schemaById('network')!, { status: 'ACTIVE', status_detail: detail }, all)).toEqual({
      status: 'ACTIVE',
    });
    const hidden = (p: string) => p !== 'status_detail';
    expect(present(schemaById('gw_interface')!, { status_detail: detail }, hidden)).toEqual({});
  });
});
