"""Device models (seed 001 "Device Onboarding and Management", FEATURES CH-10).

Cisco-managed devices are Cisco MPP phones and RoomOS devices, added by MAC address or by an
activation code; customer- and partner-managed devices are generic SIP devices (door phones,
pagers, third-party phones) that get SIP credentials instead.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceModel:
    value: str
    label: str
    family: str  # "mpp", "roomos" or "sip"


MPP = "mpp"
ROOMOS = "roomos"
SIP = "sip"
FAMILY_LABELS = {MPP: "Cisco MPP phones", ROOMOS: "Cisco RoomOS devices", SIP: "Generic SIP"}

MODELS = (
    DeviceModel("cisco_6821", "Cisco 6821", MPP),
    DeviceModel("cisco_6841", "Cisco 6841", MPP),
    DeviceModel("cisco_6851", "Cisco 6851", MPP),
    DeviceModel("cisco_6861", "Cisco 6861", MPP),
    DeviceModel("cisco_6871", "Cisco 6871", MPP),
    DeviceModel("cisco_7811", "Cisco 7811", MPP),
    DeviceModel("cisco_7821", "Cisco 7821", MPP),
    DeviceModel("cisco_7841", "Cisco 7841", MPP),
    DeviceModel("cisco_7861", "Cisco 7861", MPP),
    DeviceModel("cisco_8811", "Cisco 8811", MPP),
    DeviceModel("cisco_8841", "Cisco 8841", MPP),
    DeviceModel("cisco_8845", "Cisco 8845", MPP),
    DeviceModel("cisco_8851", "Cisco 8851", MPP),
    DeviceModel("cisco_8861", "Cisco 8861", MPP),
    DeviceModel("cisco_8865", "Cisco 8865", MPP),
    DeviceModel("cisco_8875", "Cisco Video Phone 8875", MPP),
    DeviceModel("cisco_9841", "Cisco Desk Phone 9841", MPP),
    DeviceModel("cisco_9871", "Cisco Desk Phone 9871", MPP),
    DeviceModel("cisco_desk_mini", "Cisco Desk Mini", ROOMOS),
    DeviceModel("cisco_desk", "Cisco Desk", ROOMOS),
    DeviceModel("cisco_desk_pro", "Cisco Desk Pro", ROOMOS),
    DeviceModel("cisco_room_bar", "Cisco Room Bar", ROOMOS),
    DeviceModel("cisco_room_bar_pro", "Cisco Room Bar Pro", ROOMOS),
    DeviceModel("cisco_room_kit_mini", "Cisco Room Kit Mini", ROOMOS),
    DeviceModel("cisco_room_kit_pro", "Cisco Room Kit Pro", ROOMOS),
    DeviceModel("cisco_board_pro_55", "Cisco Board Pro 55", ROOMOS),
    DeviceModel("cisco_board_pro_75", "Cisco Board Pro 75", ROOMOS),
    DeviceModel("generic_sip", "Generic SIP device", SIP),
)
BY_VALUE = {m.value: m for m in MODELS}
CHOICES = [(m.value, m.label) for m in MODELS]
CISCO_CHOICES = [
    (FAMILY_LABELS[family], [(m.value, m.label) for m in MODELS if m.family == family])
    for family in (MPP, ROOMOS)
]
GENERIC_SIP = "generic_sip"


def is_cisco(value: str) -> bool:
    model = BY_VALUE.get(value)
    return model is not None and model.family in (MPP, ROOMOS)


def label(value: str) -> str:
    model = BY_VALUE.get(value)
    return model.label if model else value
