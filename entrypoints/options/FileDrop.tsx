import { useState, type ReactNode } from 'react';

/** Where a file is dropped or chosen: the Strava export's import and the backup's restore. */
export function FileDrop({
  id,
  label,
  accept,
  disabled,
  onFile,
  testId,
}: {
  id: string;
  label: ReactNode;
  accept: string;
  disabled: boolean;
  onFile: (file: File) => void;
  testId: string;
}) {
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={`rs-dropzone${dragging ? ' rs-dropzone-active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
      data-testid={testId}
    >
      <label htmlFor={id}>{label}</label>{' '}
      <input
        id={id}
        type="file"
        accept={accept}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = '';
        }}
      />
    </div>
  );
}
