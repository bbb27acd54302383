import {Args} from '@oclif/core'
import {BaseCommand} from '../src/cli/base-command.js'

export default class Analyze extends BaseCommand {
  static override summary = 'placeholder'
  static override args = {path: Args.string({required: true})}
  async run(): Promise<{path: string}> {
    const {args} = await this.parse(Analyze)
    this.log(args.path)
    return {path: args.path}
  }
}
