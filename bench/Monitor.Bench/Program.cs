using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/Monitor.Bench -- --filter '*'
// Results and the command that produced them are recorded in bench/RESULTS.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
