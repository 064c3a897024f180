#pragma once
// Writes RGB frames to a video file (MP4 and others OpenCV's video I/O supports). Kept in the
// engine so that OpenCV stays at the engine's edge.
#include <cstdint>
#include <memory>
#include <string>

namespace cs {

class VideoWriter {
  public:
    // Throws cs::Error when the folder cannot be written or no installed codec can write
    // this file type (.mp4, .avi).
    VideoWriter(const std::string& path, int width, int height, double frames_per_second);
    ~VideoWriter();
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    // `rgb`: height rows of width × 3 bytes, `stride` bytes apart.
    void write_rgb(const uint8_t* rgb, int64_t stride);
    // Finishes the file, checks that it reads back with every frame, and only then puts it
    // in place of `path`; throws cs::Error otherwise (the old file stays). Returns the frames
    // written. Without close() (an exception, a cancel) nothing replaces `path`.
    int64_t close();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cs
