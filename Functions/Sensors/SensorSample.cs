namespace RecordingFunctions.Sensors;

/// <summary>One row of a motion-sensor file: the time stamp in nanoseconds (the watch's boot clock) and the three axes.</summary>
public readonly record struct SensorSample(long Timestamp, double X, double Y, double Z);
