import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LabelledField } from '../../../../renderer/src/forms/labelled-field';

/* The one labelled field of the forms: label → control, hint and error read with the control. */
describe('LabelledField', () => {
  it('names the control by its label and describes it by its hint, then by its error too', () => {
    const { rerender } = render(
      <LabelledField label="Key name" hint="A file name">
        {(field) => <input {...field} name="keyName" />}
      </LabelledField>,
    );
    const input = screen.getByRole('textbox', { name: 'Key name' });
    expect(input.getAttribute('aria-invalid')).toBe('false');
    const describedBy = () => (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    expect(describedBy().map((id) => document.getElementById(id)?.textContent)).toEqual(['A file name']);

    rerender(
      <LabelledField
        label="Key name"
        hint="A file name"
        error="Not in the expected format"
        errorProps={{ role: 'alert', 'data-testid': 'name-error' }}
      >
        {(field) => <input {...field} name="keyName" />}
      </LabelledField>,
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy().map((id) => document.getElementById(id)?.textContent)).toEqual([
      'A file name',
      'Not in the expected format',
    ]);
    expect(screen.getByRole('alert').dataset.testid).toBe('name-error');
  });

  it('without hint or error the control has no description and no alert', () => {
    render(<LabelledField label="User">{(field) => <input {...field} />}</LabelledField>);
    const input = screen.getByRole('textbox', { name: 'User' });
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
