using BenchmarkDotNet.Running;
using HrPlus.Privacy.Benchmarks;

if (args is ["capture-load", ..])
{
    await CaptureLoadMeasurement.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(CaptureLoadMeasurement).Assembly).Run(args);
