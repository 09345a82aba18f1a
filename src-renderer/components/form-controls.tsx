import type { ReactNode } from 'react';
import {
  Checkbox,
  CheckboxGroup,
  DateInput,
  DateSegment,
  FieldError,
  Input,
  Label,
  Radio,
  RadioGroup,
  Switch,
  Text,
  TextArea,
  TextField,
  TimeField,
  type TimeValue,
} from 'react-aria-components';

/** A radio button with a visible mark (react-aria Radio). */
export function RadioChoice({ value, children }: { value: string; children: ReactNode }) {
  return (
    <Radio value={value} className="radio">
      <span className="mark" aria-hidden="true" />
      {children}
    </Radio>
  );
}

/** A labelled group of radio buttons whose error sits under it. */
export function RadioChoices(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <RadioGroup className="choice-group" value={props.value} onChange={props.onChange} isInvalid={Boolean(props.error)} validationBehavior="aria">
      <Label className="group-label">{props.label}</Label>
      <div className="choice-row">{props.children}</div>
      {props.description && <Text slot="description" className="hint">{props.description}</Text>}
      <FieldError className="field-error">{props.error}</FieldError>
    </RadioGroup>
  );
}

export function CheckChoice({ value, children, isDisabled }: { value?: string; children: ReactNode; isDisabled?: boolean }) {
  return (
    <Checkbox value={value} className="checkbox" isDisabled={isDisabled}>
      <span className="mark" aria-hidden="true" />
      {children}
    </Checkbox>
  );
}

export function CheckChoices(props: {
  label: string;
  value: string[];
  onChange(value: string[]): void;
  error?: string;
  isDisabled?: boolean;
  children: ReactNode;
}) {
  return (
    <CheckboxGroup
      className="choice-group"
      value={props.value}
      onChange={props.onChange}
      isInvalid={Boolean(props.error)}
      isDisabled={props.isDisabled}
      validationBehavior="aria"
    >
      <Label className="group-label">{props.label}</Label>
      <div className="choice-row">{props.children}</div>
      <FieldError className="field-error">{props.error}</FieldError>
    </CheckboxGroup>
  );
}

/** A single checkbox with its own label. */
export function CheckBox({ isSelected, onChange, children }: { isSelected: boolean; onChange(v: boolean): void; children: ReactNode }) {
  return (
    <Checkbox className="checkbox" isSelected={isSelected} onChange={onChange}>
      <span className="mark" aria-hidden="true" />
      {children}
    </Checkbox>
  );
}

export function ToggleSwitch(props: { isSelected: boolean; onChange(v: boolean): void; children: ReactNode; isDisabled?: boolean; 'aria-label'?: string }) {
  return (
    <Switch className="switch" isSelected={props.isSelected} onChange={props.onChange} isDisabled={props.isDisabled} aria-label={props['aria-label']}>
      <span className="track" aria-hidden="true" />
      {props.children}
    </Switch>
  );
}

/** A 24-hour time of day in segments (hours, minutes), react-aria TimeField. */
export function TimeInput(props: { label: string; value: TimeValue | null; onChange(v: TimeValue | null): void; error?: string }) {
  return (
    <TimeField
      className="field time-field"
      value={props.value}
      onChange={props.onChange}
      hourCycle={24}
      granularity="minute"
      shouldForceLeadingZeros
      isInvalid={Boolean(props.error)}
      validationBehavior="aria"
    >
      <Label>{props.label}</Label>
      <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="segment" />}</DateInput>
      <FieldError className="field-error">{props.error}</FieldError>
    </TimeField>
  );
}

export interface PlainFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | null;
  description?: ReactNode;
  type?: 'text' | 'password' | 'email';
  inputMode?: 'numeric' | 'text' | 'email';
  className?: string;
  placeholder?: string;
  autoComplete?: string;
  multiline?: boolean;
  inputRef?: React.Ref<HTMLInputElement & HTMLTextAreaElement>;
  onFocus?(): void;
  onSelect?(e: React.SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>): void;
}

/** A text field (one line, password, or multi-line) whose error sits right under it and is announced. */
export function PlainField(p: PlainFieldProps) {
  return (
    <TextField
      className={`field ${p.className ?? ''}`}
      value={p.value}
      onChange={p.onChange}
      isInvalid={Boolean(p.error)}
      validationBehavior="aria"
      type={p.type}
      autoComplete={p.autoComplete}
    >
      <Label>{p.label}</Label>
      {p.multiline ? (
        <TextArea ref={p.inputRef} onFocus={p.onFocus} onSelect={p.onSelect} placeholder={p.placeholder} />
      ) : (
        <Input ref={p.inputRef} inputMode={p.inputMode} onFocus={p.onFocus} onSelect={p.onSelect} placeholder={p.placeholder} />
      )}
      {p.description && <Text slot="description">{p.description}</Text>}
      <FieldError className="field-error">{p.error}</FieldError>
    </TextField>
  );
}
