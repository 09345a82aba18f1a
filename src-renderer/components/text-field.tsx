import { FieldError, Input, Label, Text, TextField as AriaTextField } from 'react-aria-components';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | null;
  description?: string;
  inputMode?: 'numeric' | 'text';
  className?: string;
  name?: string;
}

/** A labelled text input whose error message sits right under it and is announced. */
export function TextField({ label, value, onChange, error, description, inputMode, className, name }: TextFieldProps) {
  return (
    <AriaTextField
      className={`field ${className ?? ''}`}
      value={value}
      onChange={onChange}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      name={name}
    >
      <Label>{label}</Label>
      <Input inputMode={inputMode} />
      {description && <Text slot="description">{description}</Text>}
      <FieldError className="field-error">{error}</FieldError>
    </AriaTextField>
  );
}
