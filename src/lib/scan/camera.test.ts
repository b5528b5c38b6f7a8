import { describe, expect, it } from 'vitest';
import { cameraProblem, nextCamera } from './camera';

describe('cameraProblem', () => {
  it("maps getUserMedia's errors to what the user can do about them", () => {
    const problem = (name: string) => cameraProblem(new DOMException('x', name));
    expect(problem('NotAllowedError')).toBe('denied');
    expect(problem('SecurityError')).toBe('denied');
    expect(problem('NotFoundError')).toBe('absent');
    expect(problem('OverconstrainedError')).toBe('absent');
    expect(problem('NotReadableError')).toBe('in-use');
    expect(problem('AbortError')).toBe('in-use');
    expect(problem('TypeError')).toBe('unavailable');
    expect(cameraProblem(new TypeError('navigator.mediaDevices is undefined'))).toBe('unavailable');
    expect(cameraProblem(undefined)).toBe('unavailable');
  });
});

describe('nextCamera', () => {
  const cameras = ['front', 'back', 'usb'].map((deviceId) => ({ deviceId }) as MediaDeviceInfo);
  it('goes round the cameras', () => {
    expect(nextCamera(cameras, 'front')).toBe('back');
    expect(nextCamera(cameras, 'usb')).toBe('front');
    expect(nextCamera(cameras, undefined)).toBe('front');
    expect(nextCamera([], 'front')).toBeUndefined();
  });
});
