import './traffic-light.css';
import { Button, Dialog, Heading, Modal, ModalOverlay, ProgressBar } from 'react-aria-components';
import { useApp } from '../../store/store.js';
import { askMessage, closesIn, colorOfWait, failedMessage, greenMessage, lightImage, lightTitle, waitingMessage } from './light-text.js';

/** The one traffic-light dialog of the console (rendered once in App); opened by `useTrafficLight().ask`. */
export function TrafficLightDialog() {
  const light = useApp((s) => s.light);
  const answer = useApp((s) => s.lightAnswer);
  const makeBackup = useApp((s) => s.lightMakeBackup);
  const percent = useApp((s) => s.status?.run?.progress.percent ?? null);
  if (!light) return null;
  const { ask, stage } = light;
  const green = stage.kind === 'green';
  const color = green ? 'green' : colorOfWait(ask.wait);
  const image = lightImage(color);
  const title = green ? 'HotBackup' : lightTitle(ask.level);
  // Escape means "Cancel" before the light turns green, and "OK" once it is green.
  const dismiss = () => answer(green ? 'go' : 'cancel');

  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable={false} onOpenChange={(open) => !open && dismiss()}>
      <Modal className={`modal light-modal light-${color}`}>
        <Dialog className="light-dialog" role={green ? 'dialog' : 'alertdialog'} data-light={color}>
          <img className="light-image" src={image.src} alt={image.alt} width={60} height={120} />
          <div className="light-body">
            <Heading slot="title">{title}</Heading>
            {stage.kind === 'ask' && askMessage(ask).map((p) => <p key={p}>{p}</p>)}
            {stage.kind === 'waiting' && (
              <>
                <p role="status">{waitingMessage(ask.wait, stage.status, stage.phase)}</p>
                <ProgressBar
                  className="progress-bar"
                  aria-label="HotBackup progress"
                  value={percent ?? 0}
                  isIndeterminate={percent === null || stage.status === 'Pending' || stage.status === null}
                >
                  <div className="progress-track">
                    <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
                  </div>
                </ProgressBar>
                <p className="hint">The HotBackup keeps running if you stop waiting.</p>
              </>
            )}
            {stage.kind === 'green' && (
              <>
                <p>{greenMessage(ask.wait, ask.task, stage.runId)}</p>
                <p className="hint" aria-live="off">{closesIn(stage.secondsLeft)}</p>
              </>
            )}
            {stage.kind === 'failed' && (
              <p role="alert" className="notice error">
                {failedMessage(stage.reason)}
              </p>
            )}
            <div className="actions">
              {stage.kind === 'green' ? (
                <Button className="button primary" autoFocus onPress={() => answer('go')}>
                  OK
                </Button>
              ) : (
                <>
                  {stage.kind !== 'waiting' && (
                    <Button className="button primary" autoFocus onPress={() => void makeBackup()}>
                      {stage.kind === 'failed' ? 'Try again' : 'Make a HotBackup'}
                    </Button>
                  )}
                  {/* Keyed by stage so focus lands here when "Make a HotBackup" gives way to waiting. */}
                  <Button key={`without-${stage.kind}`} className="button" autoFocus={stage.kind === 'waiting'} onPress={() => answer('continue-without')}>
                    Continue without
                  </Button>
                  <Button className="button" onPress={() => answer('cancel')}>
                    Cancel
                  </Button>
                </>
              )}
            </div>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
