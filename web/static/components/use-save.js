// The state of a panel's form that checks, then saves (the scheduling rules, the kinds of visit, working
// hours, the clinic's own words): errors by field, a failure above the form, the note that says what was
// saved, busy while saving.
import { useRef, useState } from '../lib/html.js';
import { focusFirstError } from './forms.js';

/**
 * save(errs, work, fieldError): `errs` ({ key: words }, from the page's own checks) go next to their fields
 * and nothing is sent; else `work()` runs and the words it returns are the note. A refusal the server names
 * a field for goes next to that field when `fieldError(err)` gives [key, words]; any other goes above the
 * form as "Not saved: ...". The first field in error takes the focus (`form` is the form's ref).
 */
export function useSave() {
  const [errors, setErrors] = useState({});
  const [failed, setFailed] = useState(null);
  const [note, setNote] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const save = async (errs, work, fieldError = () => null) => {
    if (busy) return;
    setErrors(errs);
    setFailed(null);
    setNote(null);
    if (Object.keys(errs).length) {
      focusFirstError(form.current);
      return;
    }
    setBusy(true);
    try {
      setNote(await work());
    } catch (err) {
      const field = fieldError(err);
      if (field) {
        setErrors({ [field[0]]: field[1] });
        focusFirstError(form.current);
      } else setFailed(`Not saved: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, failed, note, busy, form, save };
}
