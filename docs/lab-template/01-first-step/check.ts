import { defineChecks, fail, pass } from '@coldstart/lab';

export default defineChecks([
  {
    id: 'greets-anyone',
    title: 'Greets any name it is sent',
    task: 'greet',
    hints: ['Read event.name.', 'Return { greeting: `Hello, ${event.name}` }.'],
    async run(ctx) {
      // Hidden inputs: names the instructions never show.
      for (const name of ['Grace', `Learner-${Math.floor(Math.random() * 1000)}`]) {
        const r = await ctx.invoke({ name });
        if (r.functionError) return fail(`The function failed for ${name}: ${r.raw}`);
        const greeting = (r.body as { greeting?: unknown } | null)?.greeting;
        if (greeting !== `Hello, ${name}`) return fail(`For ${name} it answered ${JSON.stringify(greeting)}`);
      }
      return pass();
    },
  },
]);
