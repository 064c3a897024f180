#pragma once
// Writes RGB frames to a video file (MP4 and others OpenCV's video I/O supports). Kept in the
// engine so that OpenCV stays at the engine's edge.
#include <cstdint>
#include <memory>
#include <string>

namespace cs {

class VideoWriter {
  public:
    // Throws cs::Error when no installed codec can write this file type.
    VideoWriter(const std::string& path, int width, int height, double frames_per_second);
    ~VideoWriter();
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    // `rgb`: height rows of width × 3 bytes, `stride` bytes apart.
    void write_rgb(const uint8_t* rgb, int64_t stride);
    void close();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cs
