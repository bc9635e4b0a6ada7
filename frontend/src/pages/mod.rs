pub mod rankings;
pub mod verify;
