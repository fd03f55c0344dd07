// @vitest-environment happy-dom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PathText } from './PathText';

describe('PathText', () => {
  it('offers a line break after every separator and keeps the text intact', () => {
    const { container } = render(<PathText path="/home/ana/Kling Studio/renders/abc" />);
    expect(container.textContent).toBe('/home/ana/Kling Studio/renders/abc');
    expect(container.innerHTML).toBe('/<wbr>home/<wbr>ana/<wbr>Kling Studio/<wbr>renders/<wbr>abc');
  });

  it('handles Windows separators and text without any', () => {
    const { container, rerender } = render(<PathText path={'C:\\Users\\ana'} />);
    expect(container.innerHTML).toBe('C:\\<wbr>Users\\<wbr>ana');
    rerender(<PathText path="plain" />);
    expect(container.innerHTML).toBe('plain');
  });
});
