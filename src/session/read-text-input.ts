/** Reads a user-given text file (--error-file, --report) with one-line errors that name it. */
import {readFile} from 'node:fs/promises'
import {describeErrno, errnoCode, InputNotFoundError, InputUnreadableError} from '../errors.js'

export async function readTextInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new InputNotFoundError(path, what, error)
    throw new InputUnreadableError(path, describeErrno(error), error)
  }
}
